// Run by libs/shared-types/src/process/process-guards.spec.ts in a process of its own: installs the guards, then fails as
// FIXTURE_FAULT says, and prints whether it lived on.
import 'reflect-metadata';
import { installProcessGuards } from '../../libs/shared-types/src/process/process-guards';

const guards = installProcessGuards();
let counted = 0;
guards.countRejectionsWith(() => (counted += 1));

if (process.env.FIXTURE_FAULT === 'rejection') {
  void Promise.reject(new Error('nobody listens to me'));
  setTimeout(() => {
    console.log(`still alive, counted ${counted}`);
  }, 200);
} else {
  setTimeout(() => {
    throw new Error('thrown from a timer');
  }, 10);
  setInterval(() => console.log('still alive'), 1000);
}
