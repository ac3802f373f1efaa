/*
 * What the App Service front end does to a request path before the Functions host routes it.
 * Facts (Azure/azure-functions-host #9290, #3998, #5619; cause in PR #9402): the front end
 * decodes percent-escapes in the path, so `%2F` arrives as `/` and a `{param}` route no longer
 * matches (404); `%252F` arrives as `%2F`; `%25` arrived as a bare `%` and the host answered 500
 * (#7069); `%3A` was served locally but 404 deployed (Azure/Azure-Functions #2506).
 * Core Tools does none of this, so the local host applies it itself: a test that puts such
 * characters into a path then fails here as it would in Azure.
 */

/** Decodes every `%XX` escape once, as the front end does; invalid UTF-8 is left as it was. */
export function frontEndDecode(path: string): string {
  return path.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run;
    }
  });
}

/**
 * Characters refused in a decoded path: IIS's default requestPathInvalidCharacters without `%`
 * (our assumption for where the 404 of #2506 comes from; a bare `%` is the host's 500, below).
 */
const refused = /[<>*&:\\?]/;

/** The path the host routes, or undefined when the front end would not serve it at all. */
export function routablePath(rawPath: string): string | undefined {
  const decoded = frontEndDecode(rawPath);
  return refused.test(decoded) ? undefined : decoded;
}
