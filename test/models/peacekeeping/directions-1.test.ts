// The first half of the peacekeeping model's direction tests (directions.ts says why they are split).
import { describeDirections } from './directions.js';

describeDirections(0, 2);
