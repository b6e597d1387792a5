// Tells when a rollout will call Inference.Generate no more: while any group is waiting for or
// inside its Generate call, or any completion that may still get a child group is being executed,
// more calls can come; once none is, inference is free for the rest of the step (the remaining
// executions need no model), so new weights can be loaded without touching any tree of this step.
export class GenerationWatch {
  private open = 0;
  private sealed = false;
  private resolve!: () => void;
  /** Resolves once the rollout is sealed and nothing that can call Generate is left. */
  readonly done = new Promise<void>((resolve) => (this.resolve = resolve));

  /** Something that may call Generate (a group, or a completion that may get a retry) begins. */
  begin(): void {
    this.open++;
  }

  /** It ended: its Generate call returned, or its child group has begun (or will never exist). */
  end(): void {
    this.open--;
    this.check();
  }

  /** Every tree of the rollout has begun: from now on the count only falls. */
  seal(): void {
    this.sealed = true;
    this.check();
  }

  private check(): void {
    if (this.sealed && this.open === 0) this.resolve();
  }
}
