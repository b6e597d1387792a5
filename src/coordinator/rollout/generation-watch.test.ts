import { describe, expect, it } from '@jest/globals';
import { GenerationWatch } from './generation-watch.js';

const settled = async (promise: Promise<void>) => {
  let done = false;
  void promise.then(() => (done = true));
  await new Promise((resolve) => setImmediate(resolve));
  return done;
};

describe('GenerationWatch', () => {
  it('is done only once sealed and every begun piece of work has ended', async () => {
    const watch = new GenerationWatch();
    watch.begin(); // a root group
    watch.seal();
    watch.begin(); // a completion that may get a retry, begun before its group's call ended
    watch.end(); // the group's call returned
    expect(await settled(watch.done)).toBe(false);
    watch.begin(); // its child group
    watch.end(); // the completion, now that its child group has begun
    expect(await settled(watch.done)).toBe(false);
    watch.end(); // the child group's call returned
    expect(await settled(watch.done)).toBe(true);
  });

  it('is not done before it is sealed, even with nothing open', async () => {
    const watch = new GenerationWatch();
    watch.begin();
    watch.end();
    expect(await settled(watch.done)).toBe(false);
    watch.seal();
    expect(await settled(watch.done)).toBe(true);
  });
});
