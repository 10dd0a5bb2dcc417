/** The drag-and-drop type that carries a credential id from a chip to a CA node. */
export const CREDENTIAL_MIME = 'application/x-k8s-tls-credential';
