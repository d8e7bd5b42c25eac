import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { NotificationsModule } from '../notifications/notifications.module';
import { ApiKeyVerifier } from './api-key-verifier';
import { ApiKeyGuard } from './api-key.guard';
import { AuthFailureLimit } from './auth-failure-limit';
import { RateLimitGuard } from './rate-limit.guard';
import { WorkBudget } from './work-budget';

/** Who is calling (API keys, scopes, failed-authentication limit) and how much they may ask (request rate, work budget). */
@Module({
  imports: [NotificationsModule],
  providers: [
    // Guards run in this order on every route: who is calling, then how often.
    { provide: APP_GUARD, useClass: ApiKeyGuard },
    { provide: APP_GUARD, useClass: RateLimitGuard },
    ApiKeyVerifier,
    AuthFailureLimit,
    WorkBudget,
  ],
  exports: [WorkBudget],
})
export class AuthModule {}
