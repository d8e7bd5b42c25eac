import { Body, Param, Query } from '@nestjs/common';
import { ApiBody, ApiParam, ApiQuery, type SchemaObject } from '@nestjs/swagger';
import type { z } from 'zod';
import { openApiSchema } from './openapi-schema';
import { SingleValuedQueryPipe } from './single-valued-query.pipe';
import { ZodValidationPipe } from './zod-validation.pipe';

/**
 * Parameter decorators that validate a request part with a zod schema AND document it in the OpenAPI document
 * from that same schema, so /docs cannot drift from what the API accepts.
 */

type MethodDecorator = (target: object, key: string | symbol, descriptor: PropertyDescriptor) => unknown;

function documentMethod(target: object, key: string | symbol | undefined, ...decorators: MethodDecorator[]): void {
  const descriptor = Object.getOwnPropertyDescriptor(target, key!)!;
  for (const decorate of decorators) decorate(target, key!, descriptor);
}

export function ValidBody(schema: z.ZodType): ParameterDecorator {
  return (target, key, index) => {
    Body(new ZodValidationPipe(schema))(target, key, index);
    documentMethod(target, key, ApiBody({ schema: openApiSchema(schema) }));
  };
}

/** The query string as one object; each of its fields is documented as a query parameter, which may repeat if it is an array. */
export function ValidQuery(schema: z.ZodObject): ParameterDecorator {
  return (target, key, index) => {
    const json = openApiSchema(schema);
    const properties = Object.entries(json.properties ?? {});
    const singleValued = new Set(properties.filter(([, property]) => (property as SchemaObject).type !== 'array').map(([name]) => name));
    Query(new SingleValuedQueryPipe(singleValued), new ZodValidationPipe(schema))(target, key, index);
    const required = new Set(json.required ?? []);
    documentMethod(
      target,
      key,
      ...properties.map(([name, property]) => {
        const { description, ...propertySchema } = property as SchemaObject;
        return ApiQuery({ name, required: required.has(name), description, schema: propertySchema });
      }),
    );
  };
}

export function ValidParam(name: string, schema: z.ZodType, description?: string): ParameterDecorator {
  return (target, key, index) => {
    Param(name, new ZodValidationPipe(schema, name))(target, key, index);
    documentMethod(target, key, ApiParam({ name, description, schema: openApiSchema(schema) }));
  };
}
