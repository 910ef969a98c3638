import { echoBack, startTcpServer, type TcpServer } from './tcp-server.js';

/** The banner the speaker sends first on its `n`th connection (counting from 1). */
export function speakerBanner(n: number): string {
  return `SOCKS-CONFORMANCE SPEAKS FIRST ${n}\r\n`;
}

/** A TCP peer that speaks first: on accept it sends a numbered banner, then echoes like the TCP echo. */
export function startTcpSpeaker(host: string): Promise<TcpServer> {
  let count = 0;
  return startTcpServer(host, (socket) => {
    count++;
    socket.write(speakerBanner(count));
    echoBack(socket);
  });
}
