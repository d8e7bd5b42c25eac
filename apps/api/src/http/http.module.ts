import { Global, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { EventLoopSlices } from './event-loop-slices';
import { ProblemDetailsFilter } from './problem-details.filter';

/** What every route shares: errors as problem+json, and the event-loop slices long answers are built in. */
@Global()
@Module({ providers: [{ provide: APP_FILTER, useClass: ProblemDetailsFilter }, EventLoopSlices], exports: [EventLoopSlices] })
export class HttpModule {}
