import { Logger } from '@nestjs/common';
import Decimal from 'decimal.js';
import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { FilledOrder } from './filled-order';

/** One line of the journal: a FilledOrder with its decimals and date as text. */
interface JournalLine {
  orderId: string;
  clientOrderId?: string;
  symbol: string;
  side: FilledOrder['side'];
  type: FilledOrder['type'];
  quantityText: string;
  executedPrice: string;
  filledAt: string;
  executedQtyText?: string;
}

/**
 * The order book's memory across restarts: every fill is appended to a JSON-lines file before
 * it is answered, and read back at start. A real exchange never forgets a filled order because
 * its process restarted; a client that asks after a restart must get the fill, not a 404 it
 * would take as "never executed" (issue 13, 3.1).
 *
 * The append is synchronous and not fsynced: a killed process loses nothing (the kernel keeps
 * the write); a machine crash may lose the last fills, which a mock can accept. With no path
 * (MOCK_EXCHANGE_ORDERS_FILE empty) the book lives in memory only, as in-process tests use it.
 */
export class OrderJournal {
  private readonly logger = new Logger(OrderJournal.name);
  private folderMade = false;

  constructor(private readonly path: string) {}

  /**
   * The newest `keep` orders of the file, oldest first. When the file holds more, it is
   * rewritten with just those (through a temporary file and a rename, so a crash mid-way
   * leaves the old file whole). Unreadable lines (a torn last write) are skipped and counted.
   */
  load(keep: number): FilledOrder[] {
    if (!this.path || !existsSync(this.path)) return [];
    const lines = readFileSync(this.path, 'utf8').split('\n').filter(Boolean);
    const orders: FilledOrder[] = [];
    let unreadable = 0;
    for (const line of lines) {
      const order = parse(line);
      if (order) orders.push(order);
      else unreadable++;
    }
    const kept = orders.slice(-keep);
    if (kept.length < lines.length) {
      const temporary = `${this.path}.compact`;
      writeFileSync(temporary, kept.map((o) => `${JSON.stringify(toLine(o))}\n`).join(''));
      renameSync(temporary, this.path);
    }
    this.logger.log(`read ${kept.length} order(s) from ${this.path}${unreadable ? ` (${unreadable} unreadable line(s) skipped)` : ''}`);
    return kept;
  }

  append(order: FilledOrder): void {
    if (!this.path) return;
    if (!this.folderMade) {
      mkdirSync(dirname(this.path), { recursive: true });
      this.folderMade = true;
    }
    appendFileSync(this.path, `${JSON.stringify(toLine(order))}\n`);
  }
}

function toLine(order: FilledOrder): JournalLine {
  return {
    orderId: order.orderId,
    ...(order.clientOrderId !== undefined && { clientOrderId: order.clientOrderId }),
    symbol: order.symbol,
    side: order.side,
    type: order.type,
    quantityText: order.quantityText,
    executedPrice: order.executedPrice.toFixed(4),
    filledAt: order.filledAt.toISOString(),
    ...(order.executedQtyText !== undefined && { executedQtyText: order.executedQtyText }),
  };
}

function parse(text: string): FilledOrder | null {
  try {
    const line = JSON.parse(text) as JournalLine;
    if (typeof line.orderId !== 'string' || typeof line.quantityText !== 'string' || typeof line.executedPrice !== 'string') return null;
    return {
      orderId: line.orderId,
      ...(line.clientOrderId !== undefined && { clientOrderId: line.clientOrderId }),
      symbol: line.symbol,
      side: line.side,
      type: line.type,
      quantity: new Decimal(line.quantityText),
      quantityText: line.quantityText,
      executedPrice: new Decimal(line.executedPrice),
      filledAt: new Date(line.filledAt),
      ...(typeof line.executedQtyText === 'string' && { executedQtyText: line.executedQtyText }),
    };
  } catch {
    return null;
  }
}
