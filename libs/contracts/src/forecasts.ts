import { z } from 'zod';

export const MAX_HORIZON = 1000;

export const forecastQuerySchema = z
  .object({
    horizon: z.coerce.number().int().min(1).max(MAX_HORIZON).default(24),
    model: z.string().min(1).max(200).optional(),
    version: z.coerce.number().int().positive().optional(),
  })
  .strict();

export type ForecastQuery = z.infer<typeof forecastQuerySchema>;

export interface ForecastPoint {
  ts: string;
  value: number;
}

export interface ForecastResponse {
  series: string;
  model: string;
  version: number;
  backend: string;
  horizon: number;
  generatedAt: string;
  points: ForecastPoint[];
}
