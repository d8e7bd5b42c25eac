import { join } from 'node:path';
import type { TaskName } from '../model-plans';
import { etth1Task } from './etth1';
import { m4HourlyTask } from './m4-hourly';
import type { Task } from './task';

const loaded = new Map<TaskName, Task>();

/** The task by name, built once per thread from the shared data directory (`<dir>/m4`, `<dir>/ett/ETTh1.csv`). */
export function loadTask(name: TaskName, dataDirectory: string): Task {
  let task = loaded.get(name);
  if (task === undefined) {
    const ett = join(dataDirectory, 'ett', 'ETTh1.csv');
    task = name === 'm4' ? m4HourlyTask(join(dataDirectory, 'm4')) : name === 'etth1' ? etth1Task(ett) : etth1Task(ett, 'OT');
    loaded.set(name, task);
  }
  return task;
}
