import type { EnvironmentSpec, EnvironmentTool } from "@rehearse/core";

/** Orders up to this total are refunded by the bot; larger ones go to a person through a ticket. */
export declare const REFUND_LIMIT: number;
/** A customer record, personal data included. */
export interface ShopCustomer {
  id: string;
  name: string;
  email: string;
  phone: string;
  address: string;
  card: { brand: string; last4: string; number: string };
}

/** The shop's state: a JSON document. */
export interface ShopState {
  customers: ShopCustomer[];
  orders: Record<string, { customer_id: string; item: string; total: number; status: string }>;
  tickets: {
    id: string;
    customer_id: string | null;
    order_id?: string | null;
    subject: string;
    status: string;
    notes: string[];
  }[];
  refunds: { refund_id: string; order_id: string; amount: number }[];
  attachments: { attachment_id: string; filename: string; media_type: string; size_bytes: number | null; status: string }[];
  counters: { ticket: number; refund: number; attachment: number };
}

/** A fresh copy of the shop's initial state. */
export declare function initialShopState(): ShopState;
/** The shop's tools by name. */
export declare function shopTools(): Record<string, EnvironmentTool>;
/** A fresh `EnvironmentSpec` for the shop: state, tools and `max_tool_rounds`. */
export declare function shopEnvironment(): EnvironmentSpec;
