/** The profile named by `--profile`; throws naming the known ones. */
export function pickProfile<P>(profiles: Readonly<Record<string, P>>, name: string): P {
  const profile = profiles[name];
  if (profile === undefined) throw new Error(`unknown profile ${name}; known: ${Object.keys(profiles).join(', ')}`);
  return profile;
}

/** The scenarios named by `--scenarios a,b`, in that order; throws naming the known ones. */
export function pickScenarios<S extends string>(known: readonly S[], list: string): S[] {
  return list.split(',').map((name) => {
    if (!(known as readonly string[]).includes(name))
      throw new Error(`unknown scenario ${name}; known: ${known.join(', ')}`);
    return name as S;
  });
}
