import { Module } from '@nestjs/common';
import { AddStaffMemberHandler, DeactivateStaffMemberHandler, UpdateStaffMemberHandler } from './staff.commands.js';
import { StaffController } from './staff.controller.js';

@Module({
  controllers: [StaffController],
  providers: [AddStaffMemberHandler, UpdateStaffMemberHandler, DeactivateStaffMemberHandler],
})
export class StaffModule {}
