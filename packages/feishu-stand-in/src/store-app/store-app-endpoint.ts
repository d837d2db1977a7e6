/** The store-app endpoints, as the request log names them. */
export type StoreAppEndpoint = 'app-token' | 'tenant-token' | 'ticket-resend';
