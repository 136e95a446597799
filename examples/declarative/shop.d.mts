import type { Agent, EnvironmentToolHandler } from "@rehearse/core";
export declare const getOrder: EnvironmentToolHandler;
export declare const refund: EnvironmentToolHandler;
export declare const shopAgent: Agent;
export declare const carelessShopAgent: Agent;
