import { Module } from '@nestjs/common';
import { AddStaffMemberHandler, DeactivateStaffMemberHandler, UpdateStaffMemberHandler } from '@pi/application';
import { StaffController } from './staff.controller.js';

@Module({
  controllers: [StaffController],
  providers: [AddStaffMemberHandler, UpdateStaffMemberHandler, DeactivateStaffMemberHandler],
})
export class StaffModule {}
