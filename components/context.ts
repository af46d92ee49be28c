import { createContext } from '@lit/context';
import type { Source } from '../core/sources/types.js';

/** The root's data source, handed to its parts; components never fetch by themselves. */
export const sourceContext = createContext<Source | undefined>(Symbol('alv-source'));
