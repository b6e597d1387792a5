// Which slice of the filtered trees a page shows. The page's script runs this very function (its
// source is embedded, see page-script.ts), so the paging tested here is the paging the browser does.
// Plain JavaScript inside: no TypeScript-only syntax in the body, no imports, no closures.

export interface PageSlice {
  /** 1-based, clamped to the pages there are. */
  readonly page: number;
  readonly pages: number;
  /** Indices into the filtered list: start inclusive, end exclusive. */
  readonly start: number;
  readonly end: number;
}

export function paginate(count: number, requestedPage: number, perPage: number): PageSlice {
  const pages = Math.max(1, Math.ceil(count / perPage));
  const page = Math.min(pages, Math.max(1, Math.floor(requestedPage) || 1));
  const start = (page - 1) * perPage;
  return { page, pages, start, end: Math.min(count, start + perPage) };
}
