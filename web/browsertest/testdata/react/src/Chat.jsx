import { useEffect, useState } from 'react';
import InbentaAuth from '@inbenta-community/inbenta-auth';

// The client lives as long as the component: created in an effect, closed
// in the effect's cleanup (which may run before the client arrives).
export default function Chat() {
  const [client, setClient] = useState(null);
  const [answer, setAnswer] = useState('');
  const [error, setError] = useState(null);

  useEffect(() => {
    let created = null;
    let closed = false;
    InbentaAuth.createFromDomainKey('YOUR_DOMAIN_KEY', 'YOUR_API_KEY', { authURL: 'https://api.inbenta.io/v1' })
      .then((c) => {
        if (closed) {
          c.close(); // the cleanup ran first (StrictMode runs effects twice)
        } else {
          created = c;
          setClient(c);
        }
      }, setError);
    return () => {
      closed = true;
      created?.close();
    };
  }, []);

  useEffect(() => {
    client?.fetch(client.apis.chatbot + '/v1/conversation', { method: 'POST' })
      .then((r) => setAnswer('chatbot answered ' + r.status), setError);
  }, [client]);

  if (error) {
    return <p role="alert">{error.code}: {error.message}</p>;
  }
  return <p id="chat">{answer || (client ? 'Connected' : 'Connecting…')}</p>;
}
