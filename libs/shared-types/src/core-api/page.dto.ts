import { Type } from '@nestjs/common';
import { ApiProperty, ApiSchema } from '@nestjs/swagger';

/** A page of a list (transactions, events), newest first; `nextCursor` fetches the next (older) page. */
export interface CursorPage<Item> {
  items: Item[];
  /** Opaque; null on the last page. */
  nextCursor: string | null;
}

/** {"success":true,"data":{"items":[...],"nextCursor":...}}: the 200 answer of a list endpoint. */
export interface CursorPageResponse<Item> {
  success: true;
  data: CursorPage<Item>;
}

/**
 * The OpenAPI classes of a list endpoint's 200 answer for one item DTO. OpenAPI has no
 * generics, so each list gets its own two schemas, named by `@ApiSchema` `${name}DataDto` and
 * `${name}ResponseDto`: the names are part of the published document (docs/openapi), and the
 * JavaScript names of the classes made here are the same for every list.
 */
export function CursorPageResponseDto<Item>(item: Type<Item>, name: string): Type<CursorPageResponse<Item>> {
  @ApiSchema({ name: `${name}DataDto` })
  class PageDataDto implements CursorPage<Item> {
    @ApiProperty({ type: [item], description: 'Newest first.' })
    items!: Item[];

    @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` for the next (older) page; null on the last page.' })
    nextCursor!: string | null;
  }

  @ApiSchema({ name: `${name}ResponseDto` })
  class PageResponseDto implements CursorPageResponse<Item> {
    @ApiProperty({ type: Boolean, enum: [true], example: true })
    success!: true;

    @ApiProperty({ type: PageDataDto })
    data!: PageDataDto;
  }

  return PageResponseDto;
}
