import { readRepoFile } from './repo';

export const DOCKERFILE = 'deploy/docker/Dockerfile';

export interface Stage {
  name: string;
  /** The FROM image with global ARG defaults substituted, or the name of an earlier stage. */
  from: string;
  user?: string;
  cmd?: string[];
  runs: string[];
  /** COPY instructions: `from` is the --from stage, if any. */
  copies: { from?: string; sources: string[] }[];
}

/** The stages of a multi-stage Dockerfile, in order (instructions joined across `\` line ends). */
export function readDockerfile(path = DOCKERFILE): Map<string, Stage> {
  const lines = readRepoFile(path)
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
  const args = new Map<string, string>();
  const stages = new Map<string, Stage>();
  let stage: Stage | undefined;
  for (const line of lines) {
    const [instruction, ...rest] = line.split(/\s+/);
    const operand = line.slice(instruction.length).trim();
    switch (instruction.toUpperCase()) {
      case 'ARG': {
        const [name, value] = operand.split('=');
        if (!stage && value !== undefined) args.set(name, value);
        break;
      }
      case 'FROM': {
        const name = rest[2] ?? `stage-${stages.size}`;
        const from = rest[0].replace(/\$\{(\w+)\}/g, (_, arg: string) => args.get(arg) ?? '');
        stage = { name, from, runs: [], copies: [] };
        stages.set(name, stage);
        break;
      }
      case 'USER':
        if (stage) stage.user = operand;
        break;
      case 'CMD':
        if (stage) stage.cmd = JSON.parse(operand) as string[];
        break;
      case 'RUN':
        stage?.runs.push(operand);
        break;
      case 'COPY': {
        const flags = rest.filter((word) => word.startsWith('--'));
        const paths = rest.filter((word) => !word.startsWith('--'));
        const from = flags.find((flag) => flag.startsWith('--from='))?.slice('--from='.length);
        stage?.copies.push({ from, sources: paths.slice(0, -1) });
        break;
      }
    }
  }
  return stages;
}

/** A stage with what it inherits from the stages it is built on: the effective USER and CMD, the base image. */
export function resolveStage(stages: Map<string, Stage>, name: string): { user?: string; cmd?: string[]; baseImage: string } {
  const stage = stages.get(name);
  if (!stage) throw new Error(`${DOCKERFILE} has no stage ${name}`);
  const parent = stages.get(stage.from);
  if (!parent) return { user: stage.user, cmd: stage.cmd, baseImage: stage.from };
  const inherited = resolveStage(stages, parent.name);
  return { user: stage.user ?? inherited.user, cmd: stage.cmd ?? inherited.cmd, baseImage: inherited.baseImage };
}
