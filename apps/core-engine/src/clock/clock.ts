import { Injectable } from '@nestjs/common';

/** The time, behind a seam: tests replace it to expire quotes without waiting. */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}
