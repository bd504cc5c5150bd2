import { Module } from '@nestjs/common';
import {
  AddTeamMemberHandler,
  CreateTeamHandler,
  RemoveTeamMemberHandler,
  RenameTeamHandler,
} from './teams.commands.js';
import { TeamsController } from './teams.controller.js';

@Module({
  controllers: [TeamsController],
  providers: [CreateTeamHandler, RenameTeamHandler, AddTeamMemberHandler, RemoveTeamMemberHandler],
})
export class TeamsModule {}
