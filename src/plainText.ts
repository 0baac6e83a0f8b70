// Quick picks and the status bar render `$(name)` as an icon. Names from the API are shown as typed.
export function escapeIcons(text: string): string {
  return text.replace(/\$\(/g, '\\$(');
}
