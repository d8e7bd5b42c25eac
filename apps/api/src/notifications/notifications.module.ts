import { Module } from '@nestjs/common';
import { DatabaseNotifications } from './database-notifications';

/** The one LISTEN connection whose notifications keep this process's caches (keys, serving versions) fresh. */
@Module({ providers: [DatabaseNotifications], exports: [DatabaseNotifications] })
export class NotificationsModule {}
