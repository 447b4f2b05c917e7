import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { OrderResponse } from '@app/shared-types';
import { toOrderResponse } from './filled-order';
import { OrderBookService } from './order-book.service';
import { PlaceOrderDto } from './place-order.dto';

@Controller('order')
export class OrdersController {
  constructor(private readonly orderBook: OrderBookService) {}

  /** 201 for a fill, and also for a repeated clientOrderId, which returns the first fill. */
  @Post()
  @HttpCode(HttpStatus.CREATED)
  place(@Body() request: PlaceOrderDto): OrderResponse {
    return toOrderResponse(this.orderBook.place(request).order);
  }

  /** By orderId or clientOrderId: lets a client settle an order whose answer it never got. */
  @Get(':id')
  find(@Param('id') id: string): OrderResponse {
    return toOrderResponse(this.orderBook.find(id));
  }
}
