// Files a spec puts into the e2e workspace (.vscode/settings.json, tasks.json) as a repository would carry them,
// and puts back as they were afterwards.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { e2e } from './context';

export class WorkspaceFiles {
  private readonly written: { file: string; previous: string | undefined }[] = [];

  /** Writes `content` as JSON to `relative` (below the workspace folder), remembering what was there. */
  write(relative: string, content: unknown): void {
    const file = path.join(e2e().workspaceFolder, relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    this.written.push({ file, previous: fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined });
    fs.writeFileSync(file, JSON.stringify(content, null, 2));
  }

  /** Puts every written file back as it was (removed if it did not exist). */
  restore(): void {
    for (const { file, previous } of this.written.reverse()) {
      if (previous === undefined) {
        fs.rmSync(file, { force: true });
      } else {
        fs.writeFileSync(file, previous);
      }
    }
    this.written.length = 0;
  }
}
