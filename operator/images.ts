// Container images of the components. The operator's flags (or MURPHY_*_IMAGE variables) set the
// defaults; a MurphyRun may override one per component with `spec.<component>.image`.

export interface Images {
  readonly executor: string;
  readonly coordinator: string;
  readonly inference: string;
  readonly trainer: string;
}

const REGISTRY = 'ghcr.io/murphy-dev';
const VERSION = '0.1.0';

export const defaultImages: Images = {
  // The Node image plus python3 and bubblewrap (images/murphy/Dockerfile, target executor).
  executor: `${REGISTRY}/murphy-executor:${VERSION}`,
  coordinator: `${REGISTRY}/murphy:${VERSION}`,
  inference: `${REGISTRY}/murphy-inference:${VERSION}`,
  trainer: `${REGISTRY}/murphy-trainer:${VERSION}`,
};

/** MURPHY_EXECUTOR_IMAGE, MURPHY_COORDINATOR_IMAGE, ... over the built-in defaults. */
export function imagesFromEnv(env: NodeJS.ProcessEnv): Images {
  const pick = (name: keyof Images) => env[`MURPHY_${name.toUpperCase()}_IMAGE`] || defaultImages[name];
  return { executor: pick('executor'), coordinator: pick('coordinator'), inference: pick('inference'), trainer: pick('trainer') };
}
