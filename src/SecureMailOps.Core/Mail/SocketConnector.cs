using System;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace SecureMailOps.Core.Mail;

/// <summary>
/// Opens the TCP connection MailKit then runs SMTP over. Done here so that the socket has Nagle's
/// algorithm off: SMTP writes small commands and the end of the data as separate segments, and with
/// Nagle on, each one after the first waits for the server's delayed ACK (about 40 ms per message on
/// Linux loopback, the same stall that makes Send-MailMessage slow).
/// </summary>
internal static class SocketConnector
{
    public static async Task<Socket> ConnectAsync(string host, int port, TimeSpan timeout, CancellationToken cancellationToken)
    {
        IPAddress[] addresses = IPAddress.TryParse(host, out IPAddress? literal)
            ? new[] { literal }
            : await Dns.GetHostAddressesAsync(host).ConfigureAwait(false);
        SocketException? last = null;
        foreach (IPAddress address in addresses)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                Task connect = socket.ConnectAsync(new IPEndPoint(address, port));
                using var delay = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                Task finished = await Task.WhenAny(connect, Task.Delay(timeout, delay.Token)).ConfigureAwait(false);
                if (finished != connect)
                {
                    socket.Dispose();
                    cancellationToken.ThrowIfCancellationRequested();
                    throw new TimeoutException($"Connecting to {host}:{port} took longer than {timeout.TotalSeconds:0.###} s.");
                }

                delay.Cancel();
                await connect.ConfigureAwait(false);
                return socket;
            }
            catch (SocketException ex)
            {
                socket.Dispose();
                last = ex;
            }
        }

        throw last ?? new SocketException((int)SocketError.HostNotFound);
    }
}
