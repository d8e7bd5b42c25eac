import { STATUS_CODES } from 'node:http';
import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { problemSchema } from '@tsf/contracts';
import type { z } from 'zod';
import { openApiSchema } from './openapi-schema';

/** Documents a success response with the zod schema of its body. */
export const Returns = (schema: z.ZodType, status = 200) =>
  ApiResponse({ status, description: STATUS_CODES[status], schema: openApiSchema(schema, 'output') });

const problem = { 'application/problem+json': { schema: openApiSchema(problemSchema, 'output') } };

/** Documents the error statuses a route may answer, each as problem+json. */
export const Fails = (...statuses: number[]) =>
  applyDecorators(...statuses.map((status) => ApiResponse({ status, description: STATUS_CODES[status], content: problem })));
