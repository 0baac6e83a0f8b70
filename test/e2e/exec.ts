import { spawn } from 'node:child_process';

export interface ExecOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Stream the command's output to ours (long installs), instead of keeping it for the error message. */
  inheritOutput?: boolean;
  timeoutMs?: number;
}

export interface ExecResult {
  stdout: string;
  stderr: string;
}

/**
 * Runs a command to completion. Rejects with the command line, exit code and the tail of its output,
 * so a failure in CI explains itself without re-running anything.
 */
export function exec(command: string, args: readonly string[], options: ExecOptions = {}): Promise<ExecResult> {
  const commandLine = [command, ...args].join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: options.inheritOutput ? ['ignore', 'inherit', 'inherit'] : ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = options.timeoutMs
      ? setTimeout(() => {
          child.kill('SIGKILL');
          reject(new Error(`\`${commandLine}\` did not finish within ${options.timeoutMs} ms and was killed.`));
        }, options.timeoutMs)
      : undefined;
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`Could not start \`${commandLine}\`: ${error.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) {
        resolve({ stdout, stderr });
        return;
      }
      const tail = `${stdout}\n${stderr}`.trim().split('\n').slice(-30).join('\n');
      const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
      reject(new Error(`\`${commandLine}\` (in ${options.cwd ?? process.cwd()}) ${how}.${tail ? `\n--- last output ---\n${tail}` : ''}`));
    });
  });
}

/** `PATH` with `dir` first, for running one tool with a different Node than ours. */
export function pathWithFirst(dir: string, env: NodeJS.ProcessEnv = process.env): string {
  return [dir, env.PATH ?? ''].filter(Boolean).join(':');
}

/**
 * Our environment without npm's `npm_*` variables. Under `npm run`/`npx` they would tell a nested npm that it
 * runs on our Node 20 (`npm_config_user_agent`), which code-server's postinstall checks, and they mean nothing
 * to code-server itself.
 */
export function envWithoutNpmVariables(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.toLowerCase().startsWith('npm_')));
}
