import { Module } from '@nestjs/common';
import { AddStaffMemberHandler, UpdateStaffMemberHandler } from './staff.commands.js';
import { StaffController } from './staff.controller.js';
import { GetStaffMemberHandler, ListStaffHandler } from './staff.queries.js';

@Module({
  controllers: [StaffController],
  providers: [AddStaffMemberHandler, UpdateStaffMemberHandler, ListStaffHandler, GetStaffMemberHandler],
})
export class StaffModule {}
