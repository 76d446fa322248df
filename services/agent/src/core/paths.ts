/**
 * POSIX path joining for the core, which may not import `node:path`: the same
 * result as `path.posix.join` (segments joined with "/", then "." and ".."
 * resolved and repeated slashes collapsed; a trailing slash is kept). Pure.
 */
export function joinPath(...segments: readonly string[]): string {
  const joined = segments.filter((segment) => segment !== '').join('/');
  if (joined === '') return '.';
  const absolute = joined.startsWith('/');
  const parts: string[] = [];
  for (const part of joined.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length > 0 && parts[parts.length - 1] !== '..') parts.pop();
      else if (!absolute) parts.push('..');
      continue;
    }
    parts.push(part);
  }
  const trailing = joined.endsWith('/') && parts.length > 0 ? '/' : '';
  const path = `${parts.join('/')}${trailing}`;
  if (absolute) return `/${path}`;
  return path === '' ? (joined.endsWith('/') ? './' : '.') : path;
}
