// Ports chosen through the environment (PIM_DEMO_PORT, PIM_DEMO_EMULATOR_PORT): a TCP port number, or the default.

/** The port in `env[name]`; `fallback` when unset or empty (undefined = let the caller pick a free one). Anything else is refused. */
export function portFromEnvironment(env: NodeJS.ProcessEnv, name: string, fallback?: number): number | undefined {
  const text = env[name]?.trim();
  if (text === undefined || text === '') {
    return fallback;
  }
  const port = Number(text);
  if (!/^\d+$/.test(text) || !Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`${name} must be a TCP port number (1-65535), not "${text}".`);
  }
  return port;
}
