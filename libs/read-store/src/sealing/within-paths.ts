/** Whether `path` is one of `paths`, lies inside one, or holds one (a query on any of them touches a sealed value). */
export function within(path: string, paths: readonly string[]): boolean {
  return paths.some((sealed) => path === sealed || path.startsWith(`${sealed}.`) || sealed.startsWith(`${path}.`));
}
