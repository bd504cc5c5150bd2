import { Module } from '@nestjs/common';
import { PracticeController } from './practice.controller.js';
import { RegisterPracticeHandler, UpdatePracticeProfileHandler } from './practice.commands.js';
import { GetPracticeProfileHandler } from './practice.queries.js';

@Module({
  controllers: [PracticeController],
  providers: [RegisterPracticeHandler, UpdatePracticeProfileHandler, GetPracticeProfileHandler],
})
export class PracticeModule {}
