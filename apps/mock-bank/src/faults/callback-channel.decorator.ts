import { SetMetadata } from '@nestjs/common';
import { CallbackChannel } from './fault-switch.service';

export const CALLBACK_CHANNEL = 'mockBank:callbackChannel';

/** Marks a controller as one of the endpoints the core calls, subject to that channel's faults. */
export const CallbackChannelOf = (channel: CallbackChannel): ClassDecorator => SetMetadata(CALLBACK_CHANNEL, channel);
