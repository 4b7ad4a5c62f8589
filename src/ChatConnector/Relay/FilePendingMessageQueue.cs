using System.Buffers.Binary;
using ChatCommerce.Contracts.V1;
using Google.Protobuf;

namespace ChatCommerce.ChatConnector.Relay;

/// <summary>
/// A bounded <see cref="IPendingMessageQueue"/> that survives restarts: every added message and
/// every answer is appended to a journal file in the queue directory and flushed to disk
/// (fsync) before the change takes effect; opening the directory again restores the unanswered
/// messages in their original order. The journal is rewritten with only the pending messages
/// once enough answers have piled up in it. One process at a time: the file is opened exclusively.
/// </summary>
/// <remarks>
/// Record layout: kind (1 byte: 1 added, 2 answered), sequence (8 bytes, little-endian),
/// payload length (4 bytes), payload (the <see cref="ChatMessage"/> in protobuf binary; empty
/// for answers). A record cut short by a crash is dropped when the journal is opened.
/// </remarks>
public sealed class FilePendingMessageQueue : PendingMessageQueue, IDisposable
{
    public const string JournalFileName = "pending.journal";

    private const byte Added = 1;
    private const byte Answered = 2;
    private const int HeaderLength = 1 + 8 + 4;

    private readonly string _path;
    private readonly int _compactAfter;
    private FileStream _journal;
    private int _answeredInJournal;

    private FilePendingMessageQueue(int capacity, string path, FileStream journal, Restored restored, int compactAfter)
        : base(capacity, restored.Pending)
    {
        _path = path;
        _journal = journal;
        _compactAfter = compactAfter;
        _answeredInJournal = restored.AnsweredRecords;
    }

    public string JournalPath => _path;

    /// <summary>Opens (or creates) the queue in <paramref name="directory"/> and restores what was pending there.</summary>
    /// <param name="compactAfter">How many answers the journal may hold before it is rewritten.</param>
    /// <exception cref="IOException">Another process has the queue open.</exception>
    public static FilePendingMessageQueue Open(string directory, int capacity, int compactAfter = 1000)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(compactAfter);
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, JournalFileName);
        var journal = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        try
        {
            var restored = Read(journal);
            // Drop a record a crash cut short, so new records follow whole ones.
            journal.SetLength(restored.ValidLength);
            journal.Seek(0, SeekOrigin.End);
            return new FilePendingMessageQueue(capacity, path, journal, restored, compactAfter);
        }
        catch
        {
            journal.Dispose();
            throw;
        }
    }

    public void Dispose() => _journal.Dispose();

    protected override void OnAdded(PendingMessage pending) => Append(_journal, Added, pending.Sequence, pending.Message.ToByteArray());

    protected override void OnCompleted(PendingMessage pending)
    {
        Append(_journal, Answered, pending.Sequence, []);
        if (++_answeredInJournal >= _compactAfter)
        {
            Compact(pending);
        }
    }

    /// <summary>Rewrites the journal with only the pending messages (less the one being answered), then swaps it in.</summary>
    private void Compact(PendingMessage answered)
    {
        var temporary = _path + ".tmp";
        using (var compacted = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            foreach (var pending in PendingUnderLock().Where(pending => pending.Sequence != answered.Sequence))
            {
                Append(compacted, Added, pending.Sequence, pending.Message.ToByteArray());
            }
        }

        _journal.Dispose();
        File.Move(temporary, _path, overwrite: true);
        _journal = new FileStream(_path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
        _journal.Seek(0, SeekOrigin.End);
        _answeredInJournal = 0;
    }

    private static void Append(FileStream file, byte kind, long sequence, byte[] payload)
    {
        var record = new byte[HeaderLength + payload.Length];
        record[0] = kind;
        BinaryPrimitives.WriteInt64LittleEndian(record.AsSpan(1), sequence);
        BinaryPrimitives.WriteInt32LittleEndian(record.AsSpan(9), payload.Length);
        payload.CopyTo(record, HeaderLength);
        file.Write(record);
        file.Flush(flushToDisk: true);
    }

    private static Restored Read(FileStream file)
    {
        var pending = new SortedDictionary<long, ChatMessage>();
        var answered = 0;
        long valid = 0;
        var header = new byte[HeaderLength];
        file.Seek(0, SeekOrigin.Begin);
        while (file.ReadAtLeast(header, HeaderLength, throwOnEndOfStream: false) == HeaderLength)
        {
            var kind = header[0];
            var sequence = BinaryPrimitives.ReadInt64LittleEndian(header.AsSpan(1));
            var length = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(9));
            if (kind is not (Added or Answered) || length < 0 || length > file.Length - file.Position)
            {
                break;
            }

            var payload = new byte[length];
            file.ReadExactly(payload);
            if (kind == Added)
            {
                pending[sequence] = ChatMessage.Parser.ParseFrom(payload);
            }
            else
            {
                pending.Remove(sequence);
                answered++;
            }

            valid = file.Position;
        }

        return new Restored([.. pending.Select(entry => new PendingMessage(entry.Key, entry.Value))], answered, valid);
    }

    private sealed record Restored(IReadOnlyList<PendingMessage> Pending, int AnsweredRecords, long ValidLength);
}
