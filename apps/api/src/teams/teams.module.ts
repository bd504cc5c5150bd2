import { Module } from '@nestjs/common';
import {
  AddTeamMemberHandler,
  CreateTeamHandler,
  RemoveTeamMemberHandler,
  RenameTeamHandler,
} from './teams.commands.js';
import { TeamsController } from './teams.controller.js';
import { GetTeamHandler, ListTeamsHandler } from './teams.queries.js';

@Module({
  controllers: [TeamsController],
  providers: [
    CreateTeamHandler,
    RenameTeamHandler,
    AddTeamMemberHandler,
    RemoveTeamMemberHandler,
    ListTeamsHandler,
    GetTeamHandler,
  ],
})
export class TeamsModule {}
