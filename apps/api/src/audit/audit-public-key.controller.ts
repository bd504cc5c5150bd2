import { Controller, Get, Inject } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuditSigningKey } from '@pi/application';

/** The public half of the key that signs identity-audit exports, for `npm run audit:verify -- <file> --public-key <pem>`. */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('v1/audit/public-key')
export class AuditPublicKeyController {
  constructor(@Inject(AuditSigningKey) private readonly key: AuditSigningKey) {}

  @Get()
  @ApiOperation({ summary: 'The Ed25519 public key that signs identity-audit exports (PEM), and its id' })
  @ApiOkResponse({ description: '{ algorithm, keyId, publicKeyPem }' })
  get(): { algorithm: 'Ed25519'; keyId: string; publicKeyPem: string } {
    return { algorithm: 'Ed25519', keyId: this.key.keyId, publicKeyPem: this.key.publicKeyPem };
  }
}
