import { Module } from '@nestjs/common';
import { AddStaffMemberHandler, DeactivateStaffMemberHandler, UpdateStaffMemberHandler } from './staff.commands.js';
import { StaffController } from './staff.controller.js';
import { GetStaffMemberHandler, ListStaffHandler } from './staff.queries.js';

@Module({
  controllers: [StaffController],
  providers: [
    AddStaffMemberHandler,
    UpdateStaffMemberHandler,
    DeactivateStaffMemberHandler,
    ListStaffHandler,
    GetStaffMemberHandler,
  ],
})
export class StaffModule {}
