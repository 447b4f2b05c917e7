import { Body, Controller, Get, Param, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { FormFields } from './form-fields';
import { redirectTo, sendPage, sendRedirect, singleQuery, takeFlash } from './http-replies';
import { customerPagePath } from './paths';
import { OrderActionsService } from './order-actions.service';
import { WebActionsService } from './web-actions.service';
import { WebExceptionFilter } from './web-exception.filter';
import { WebPagesService } from './web-pages.service';

/**
 * The bank's demo page: server-rendered HTML and plain forms, no script. Every form posts
 * here and is answered with a 303 back to the page, which shows the outcome once.
 */
@ApiExcludeController() // HTML pages and forms, not the API (/docs)
@Controller()
@UseFilters(WebExceptionFilter)
export class WebController {
  constructor(
    private readonly pages: WebPagesService,
    private readonly actions: WebActionsService,
    private readonly orders: OrderActionsService,
  ) {}

  /** The customer picker (?customer=<id> goes to that customer's page) and the "open a customer" form. */
  @Get()
  async home(@Query('customer') customer: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    const picked = singleQuery(customer);
    if (picked) return redirectTo(res, customerPagePath(picked));
    sendPage(res, await this.pages.home(takeFlash(req, res)));
  }

  @Post('page/customers')
  async openCustomer(@Body() form: FormFields, @Res() res: Response): Promise<void> {
    sendRedirect(res, await this.actions.openCustomer(form ?? {}));
  }

  @Get('customers/:customerId/page')
  async customer(@Param('customerId') customerId: string, @Query('quote') quote: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    sendPage(res, await this.pages.customer(customerId, singleQuery(quote), takeFlash(req, res)));
  }

  @Get('customers/:customerId/page/transactions/:transactionId')
  async transaction(@Param('customerId') customerId: string, @Param('transactionId') transactionId: string, @Res() res: Response): Promise<void> {
    sendPage(res, await this.pages.transaction(customerId, transactionId));
  }

  @Post('customers/:customerId/page/deposits')
  async deposit(@Param('customerId') customerId: string, @Body() form: FormFields, @Res() res: Response): Promise<void> {
    sendRedirect(res, await this.actions.deposit(customerId, form ?? {}));
  }

  @Post('customers/:customerId/page/withdrawals')
  async withdraw(@Param('customerId') customerId: string, @Body() form: FormFields, @Res() res: Response): Promise<void> {
    sendRedirect(res, await this.actions.withdraw(customerId, form ?? {}));
  }

  @Post('customers/:customerId/page/quotes')
  async quote(@Param('customerId') customerId: string, @Body() form: FormFields, @Res() res: Response): Promise<void> {
    sendRedirect(res, await this.actions.quote(customerId, form ?? {}));
  }

  @Post('customers/:customerId/page/buys')
  async buy(@Param('customerId') customerId: string, @Body() form: FormFields, @Res() res: Response): Promise<void> {
    sendRedirect(res, await this.actions.buy(customerId, form ?? {}));
  }

  @Post('customers/:customerId/page/sells')
  async sell(@Param('customerId') customerId: string, @Body() form: FormFields, @Res() res: Response): Promise<void> {
    sendRedirect(res, await this.actions.sell(customerId, form ?? {}));
  }

  @Post('customers/:customerId/page/orders')
  async placeOrder(@Param('customerId') customerId: string, @Body() form: FormFields, @Res() res: Response): Promise<void> {
    sendRedirect(res, await this.orders.place(customerId, form ?? {}));
  }

  @Post('customers/:customerId/page/orders/:orderId/cancel')
  async cancelOrder(@Param('customerId') customerId: string, @Param('orderId') orderId: string, @Res() res: Response): Promise<void> {
    sendRedirect(res, await this.orders.cancel(customerId, orderId));
  }
}
