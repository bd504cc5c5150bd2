import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import type { Config } from '@pi/application';

export function buildOpenApiDocument(app: INestApplication, config: Pick<Config, 'publicBaseUrl'>): OpenAPIObject {
  const document = new DocumentBuilder()
    .setTitle('Patient Invites API')
    .setDescription(
      [
        'Invite patients onto secure messaging, share practice links with QR codes, route new patients and prove identity checks.',
        '',
        'Every route under /v1 takes a bearer JWT (`npm run -s token -- --role admin`). Errors are RFC 9457 `application/problem+json`.',
        'Every command answers with the `position` of its last event; send it back as `X-Consistent-After` on a GET to read your own write.',
      ].join('\n'),
    )
    .setVersion('0.1.0')
    .addServer(config.publicBaseUrl)
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .addGlobalParameters({
      name: 'X-Consistent-After',
      in: 'header',
      required: false,
      description: 'GET only: wait (bounded) until the read model has reached this position (from a command response).',
      schema: { type: 'string', pattern: '^[0-9]+$' },
    })
    .build();
  return SwaggerModule.createDocument(app, document);
}

/** Serves the OpenAPI document at /openapi.json and its UI at /docs. */
export function setUpOpenApi(app: INestApplication, config: Pick<Config, 'publicBaseUrl'>): void {
  const document = buildOpenApiDocument(app, config);
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'openapi.json',
    yamlDocumentUrl: 'openapi.yaml',
    customSiteTitle: 'Patient Invites API',
  });
}
