/**
 * A tool a suite needs, found or not. Under CI=true a missing tool fails the suite at once with how to get it
 * (tools/scripts/setup.sh installs every one); elsewhere the suite says what it cannot check, and the checks that
 * need the tool are skipped. No suite skips in silence.
 */
export function requireTool(found: boolean, missing: string): boolean {
  if (found) return true;
  const message = `${missing} (tools/scripts/setup.sh installs it)`;
  if (process.env.CI === 'true') throw new Error(message);
  console.warn(`${message}; the checks that need it are skipped`);
  return false;
}
