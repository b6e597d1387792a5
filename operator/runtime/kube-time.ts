// Times as the API server stores them.

/** Second precision, as Kubernetes stores metav1.Time. */
export function rfc3339(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}
