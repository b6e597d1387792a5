from murphy.v1 import executor_pb2 as _executor_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class TrainSample(_message.Message):
    __slots__ = ("prompt_token_ids", "completion_token_ids", "advantage", "group_id", "turn", "sampling_logprobs", "tree_id")
    PROMPT_TOKEN_IDS_FIELD_NUMBER: _ClassVar[int]
    COMPLETION_TOKEN_IDS_FIELD_NUMBER: _ClassVar[int]
    ADVANTAGE_FIELD_NUMBER: _ClassVar[int]
    GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    TURN_FIELD_NUMBER: _ClassVar[int]
    SAMPLING_LOGPROBS_FIELD_NUMBER: _ClassVar[int]
    TREE_ID_FIELD_NUMBER: _ClassVar[int]
    prompt_token_ids: _containers.RepeatedScalarFieldContainer[int]
    completion_token_ids: _containers.RepeatedScalarFieldContainer[int]
    advantage: float
    group_id: str
    turn: int
    sampling_logprobs: _containers.RepeatedScalarFieldContainer[float]
    tree_id: str
    def __init__(self, prompt_token_ids: _Optional[_Iterable[int]] = ..., completion_token_ids: _Optional[_Iterable[int]] = ..., advantage: _Optional[float] = ..., group_id: _Optional[str] = ..., turn: _Optional[int] = ..., sampling_logprobs: _Optional[_Iterable[float]] = ..., tree_id: _Optional[str] = ...) -> None: ...

class TrainRequest(_message.Message):
    __slots__ = ("samples", "policy_version", "total_steps")
    SAMPLES_FIELD_NUMBER: _ClassVar[int]
    POLICY_VERSION_FIELD_NUMBER: _ClassVar[int]
    TOTAL_STEPS_FIELD_NUMBER: _ClassVar[int]
    samples: _containers.RepeatedCompositeFieldContainer[TrainSample]
    policy_version: int
    total_steps: int
    def __init__(self, samples: _Optional[_Iterable[_Union[TrainSample, _Mapping]]] = ..., policy_version: _Optional[int] = ..., total_steps: _Optional[int] = ...) -> None: ...

class TrainResponse(_message.Message):
    __slots__ = ("loss", "kl", "clip_fraction", "grad_norm", "tokens", "samples", "seconds", "policy_version", "learning_rate", "importance_weights")
    LOSS_FIELD_NUMBER: _ClassVar[int]
    KL_FIELD_NUMBER: _ClassVar[int]
    CLIP_FRACTION_FIELD_NUMBER: _ClassVar[int]
    GRAD_NORM_FIELD_NUMBER: _ClassVar[int]
    TOKENS_FIELD_NUMBER: _ClassVar[int]
    SAMPLES_FIELD_NUMBER: _ClassVar[int]
    SECONDS_FIELD_NUMBER: _ClassVar[int]
    POLICY_VERSION_FIELD_NUMBER: _ClassVar[int]
    LEARNING_RATE_FIELD_NUMBER: _ClassVar[int]
    IMPORTANCE_WEIGHTS_FIELD_NUMBER: _ClassVar[int]
    loss: float
    kl: float
    clip_fraction: float
    grad_norm: float
    tokens: int
    samples: int
    seconds: float
    policy_version: int
    learning_rate: float
    importance_weights: ImportanceWeights
    def __init__(self, loss: _Optional[float] = ..., kl: _Optional[float] = ..., clip_fraction: _Optional[float] = ..., grad_norm: _Optional[float] = ..., tokens: _Optional[int] = ..., samples: _Optional[int] = ..., seconds: _Optional[float] = ..., policy_version: _Optional[int] = ..., learning_rate: _Optional[float] = ..., importance_weights: _Optional[_Union[ImportanceWeights, _Mapping]] = ...) -> None: ...

class ImportanceWeights(_message.Message):
    __slots__ = ("mean", "min", "max")
    MEAN_FIELD_NUMBER: _ClassVar[int]
    MIN_FIELD_NUMBER: _ClassVar[int]
    MAX_FIELD_NUMBER: _ClassVar[int]
    mean: float
    min: float
    max: float
    def __init__(self, mean: _Optional[float] = ..., min: _Optional[float] = ..., max: _Optional[float] = ...) -> None: ...

class ExportWeightsRequest(_message.Message):
    __slots__ = ("directory",)
    DIRECTORY_FIELD_NUMBER: _ClassVar[int]
    directory: str
    def __init__(self, directory: _Optional[str] = ...) -> None: ...

class ExportWeightsResponse(_message.Message):
    __slots__ = ("directory", "policy_version", "seconds", "bytes")
    DIRECTORY_FIELD_NUMBER: _ClassVar[int]
    POLICY_VERSION_FIELD_NUMBER: _ClassVar[int]
    SECONDS_FIELD_NUMBER: _ClassVar[int]
    BYTES_FIELD_NUMBER: _ClassVar[int]
    directory: str
    policy_version: int
    seconds: float
    bytes: int
    def __init__(self, directory: _Optional[str] = ..., policy_version: _Optional[int] = ..., seconds: _Optional[float] = ..., bytes: _Optional[int] = ...) -> None: ...

class SaveCheckpointRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class SaveCheckpointResponse(_message.Message):
    __slots__ = ("directory", "policy_version", "seconds")
    DIRECTORY_FIELD_NUMBER: _ClassVar[int]
    POLICY_VERSION_FIELD_NUMBER: _ClassVar[int]
    SECONDS_FIELD_NUMBER: _ClassVar[int]
    directory: str
    policy_version: int
    seconds: float
    def __init__(self, directory: _Optional[str] = ..., policy_version: _Optional[int] = ..., seconds: _Optional[float] = ...) -> None: ...

class TrainerHealthRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class TrainerHealthResponse(_message.Message):
    __slots__ = ("status", "model", "policy_version", "world_size", "last_checkpoint", "device")
    STATUS_FIELD_NUMBER: _ClassVar[int]
    MODEL_FIELD_NUMBER: _ClassVar[int]
    POLICY_VERSION_FIELD_NUMBER: _ClassVar[int]
    WORLD_SIZE_FIELD_NUMBER: _ClassVar[int]
    LAST_CHECKPOINT_FIELD_NUMBER: _ClassVar[int]
    DEVICE_FIELD_NUMBER: _ClassVar[int]
    status: _executor_pb2.ServingStatus
    model: str
    policy_version: int
    world_size: int
    last_checkpoint: str
    device: str
    def __init__(self, status: _Optional[_Union[_executor_pb2.ServingStatus, str]] = ..., model: _Optional[str] = ..., policy_version: _Optional[int] = ..., world_size: _Optional[int] = ..., last_checkpoint: _Optional[str] = ..., device: _Optional[str] = ...) -> None: ...
