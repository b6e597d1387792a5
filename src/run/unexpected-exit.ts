// Watching the services `murphy run` and `murphy eval` start: a service that exits before it was
// asked to stop ends the command with the end of its log, never with a hang.
import type { ChildService } from './child-service.js';
import { ServiceStartError } from './user-errors.js';

/** Rejects when one of `children` exits unasked; `logs` names where all service logs are. */
export function unexpectedExit(children: readonly ChildService[], logs?: string): Promise<never> {
  const watched = Promise.race(
    children.map(async (child) => {
      const exit = await child.exited;
      if (child.isStopping) return new Promise<never>(() => {});
      const how = exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.code}`;
      const where = logs === undefined ? '' : `\n(logs of all services: ${logs})`;
      throw new ServiceStartError(`${child.spec.name} ${how}; the end of ${child.spec.logFile}:\n${child.logTail()}${where}`);
    }),
  );
  watched.catch(() => undefined); // observed by whoever races it; never an unhandled rejection
  return watched;
}
