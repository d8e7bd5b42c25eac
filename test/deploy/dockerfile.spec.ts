import { existsSync } from 'node:fs';
import { processEntryOf } from './support/process-entry';
import { repoPath, workspaceApps } from './support/repo';
import { DOCKERFILE, readDockerfile, resolveStage } from './support/dockerfile';

const stages = readDockerfile();
/** Stages whose command runs a process of ours: the images Compose and Kubernetes use. */
const imageTargets = [...stages.keys()].filter((name) => {
  const { cmd } = resolveStage(stages, name);
  return cmd !== undefined && processEntryOf(cmd) !== undefined;
});

describe(`${DOCKERFILE}`, () => {
  it('has a target running each app of the workspace', () => {
    const appsRun = new Set(imageTargets.map((name) => processEntryOf(resolveStage(stages, name).cmd ?? [])?.app));
    expect(workspaceApps().filter((app) => !appsRun.has(app))).toEqual([]);
  });

  it('runs every app image as a non-root user', () => {
    const users = Object.fromEntries(imageTargets.map((name) => [name, resolveStage(stages, name).user]));
    for (const [target, user] of Object.entries(users)) {
      expect({ target, user }).toEqual({ target, user: expect.stringMatching(/^[1-9]\d*(:\d+)?$/) });
    }
  });

  it('builds the GPU trainer on NVIDIA CUDA runtime with tfjs-node-gpu and no tfjs-node beside it', () => {
    const gpu = stages.get('trainer-gpu');
    expect(gpu).toBeDefined();
    expect(resolveStage(stages, 'trainer-gpu').baseImage).toMatch(/^nvidia\/cuda:[\d.]+-cudnn\d*-runtime-/);
    expect(processEntryOf(resolveStage(stages, 'trainer-gpu').cmd ?? [])?.app).toBe('trainer');
    const depsStage = gpu?.copies.find((copy) => copy.sources.includes('/app/node_modules'))?.from;
    const runs = stages.get(depsStage ?? '')?.runs.join('\n') ?? '';
    expect(runs).toContain('npm rebuild @tensorflow/tfjs-node-gpu');
    // The prune keeps only the optional packages it is given: tfjs-node-gpu, not the CPU tfjs-node.
    expect(runs).toMatch(/prune-node-modules\.js @tensorflow\/tfjs-node-gpu(\s|$|&)/);
  });

  it('copies only files that exist in the build context', () => {
    const sources = [...stages.values()].flatMap((stage) => stage.copies.filter((copy) => !copy.from).flatMap((copy) => copy.sources));
    expect(sources.filter((source) => source !== '.' && !existsSync(repoPath(source)))).toEqual([]);
  });

  it('copies from stages that exist', () => {
    const from = [...stages.values()].flatMap((stage) => stage.copies.flatMap((copy) => (copy.from ? [copy.from] : [])));
    expect(from.filter((name) => !stages.has(name))).toEqual([]);
  });
});
