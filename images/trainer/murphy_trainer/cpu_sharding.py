"""FSDP2 on CPU ranks (gloo) through accelerate's own FSDP2 code.

accelerate makes FSDP the distributed type only on accelerator devices (AcceleratorState.__init__ does
so inside its MULTI_GPU-family branch); CPU ranks stay MULTI_CPU and the FSDP plugin is dropped, so the
model would be replicated under DDP. What accelerate does once the type is FSDP is not tied to a device:
fully_shard per decoder layer on torch's default mesh (of torch's current accelerator: cpu when there is
none), DTensor collectives (over gloo here), its FSDP2 gradient clipping, full state dicts for export and
its FSDP checkpoints. So on CPU ranks murphy sets the type the way accelerate's GPU branch does; this is
the one step accelerate has no option for. GPU ranks never come here.
"""

from __future__ import annotations

from typing import Any

from accelerate import Accelerator
from accelerate.state import PartialState
from accelerate.utils import DistributedType, FullyShardedDataParallelPlugin


def shard_cpu_ranks(accelerator: Accelerator, plugin_args: dict[str, Any] | None) -> bool:
    """Turns accelerate's multi-process CPU state into FSDP with transformers' plugin arguments (those
    of TrainingArguments.fsdp_plugin_args); returns whether it did."""
    state = accelerator.state
    if plugin_args is None or state.distributed_type != DistributedType.MULTI_CPU:
        return False
    plugin = FullyShardedDataParallelPlugin(**plugin_args)
    if state.mixed_precision != "no":
        plugin.set_mixed_precision(state.mixed_precision)  # as AcceleratorState does for GPUs
    # Every AcceleratorState() copies PartialState's fields over its own, so both carry the type.
    PartialState().distributed_type = DistributedType.FSDP
    state.distributed_type = DistributedType.FSDP
    state.fsdp_plugin = plugin
    return True
