import { SetMetadata } from '@nestjs/common';

export const READS_FROM = 'pi:reads-from';

/** The read models a GET answers from: X-Consistent-After waits for these. */
export const ReadsFrom = (...projections: string[]) => SetMetadata(READS_FROM, projections);
