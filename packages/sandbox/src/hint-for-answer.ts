/**
 * What to check when the ingress did not take the test event, by its status (the table in README's
 * "The webhook" section says when it answers each).
 */
export function hintForAnswer(status: number): string {
  switch (status) {
    case 400:
      return 'the ingress could not read the push: FEISHU_ENCRYPT_KEY must be set here exactly when it is set for the ingress';
    case 401:
      return "FEISHU_VERIFICATION_TOKEN, FEISHU_ENCRYPT_KEY and FEISHU_APP_ID must be the ingress's";
    case 404:
      return 'INGRESS_URL does not point at the ingress (the webhook is POST /webhook/event)';
    case 503:
      return 'the ingress cannot reach Redis: look at `docker compose logs ingress redis`';
    default:
      return 'look at the ingress log (`docker compose logs ingress`)';
  }
}
