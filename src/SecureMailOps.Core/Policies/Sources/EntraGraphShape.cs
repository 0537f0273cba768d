using System;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Threading;
using SecureMailOps.Core.Policies.Evaluation;

namespace SecureMailOps.Core.Policies.Sources;

/// <summary>
/// The mapping of Graph <c>userRegistrationDetails</c> records worked out once per shape: records read from
/// JSON share one names array per shape, so where each Graph field sits, and the names arrays of the mapped
/// record, its <c>mfa</c> and its <c>sspr</c>, are found once and kept; mapping a record is then reading its
/// values by position and filling three exact-size values arrays. The result is the one the field-by-field
/// mapping (<see cref="EntraRegistrationMapping.MapGraph"/>) gives: the same fields, in the same order, with
/// the same values. Records of other shapes (a contract field already there, names not shared: pipeline
/// objects, CSV) take the field-by-field mapping.
/// </summary>
internal sealed class EntraGraphShape
{
    private const int RecentShapes = 8;

    // The names are the instances compiled policies look fields up by (registered here if no policy has yet),
    // so the mapped records are read by reference, as the reader's own names are.
    private static readonly string Id = FieldNameTable.Register("id");
    private static readonly string ObjectId = FieldNameTable.Register("objectId");
    private static readonly string Email = FieldNameTable.Register("email");
    private static readonly string Type = FieldNameTable.Register("type");
    private static readonly string Mfa = FieldNameTable.Register("mfa");
    private static readonly string Sspr = FieldNameTable.Register("sspr");
    private static readonly string LastUpdated = FieldNameTable.Register("lastUpdated");
    private static readonly string SourceName = FieldNameTable.Register(InventorySources.SourceField);
    private static readonly string[] MfaFields = Registered("enabled", "capable", "passwordlessCapable", "preferredMethod", "methods");
    private static readonly string[] SsprFields = Registered("registered", "enabled", "capable");

    // A record's own fields that the mapping writes: a record that has one already takes the field-by-field path.
    private static readonly string[] Written = { "objectId", "email", "type", "mfa", "sspr", "lastUpdated", InventorySources.SourceField };

    // The names arrays of mfa and sspr by which of their fields are there (a bit each, in the order above).
    private static readonly string[]?[] MfaShapes = new string[1 << 5][];
    private static readonly string[]?[] SsprShapes = new string[1 << 3][];

    private static readonly object BoxedTrue = true;
    private static readonly object BoxedFalse = false;

    [ThreadStatic]
    private static EntraGraphShape?[]? _recent;

    [ThreadStatic]
    private static int _next;

    private readonly string[] _keys;
    private readonly bool _mappable;
    private readonly int _upn;
    private readonly int _id;
    private readonly int _isAdmin;
    private readonly int _userType;
    private readonly int[] _mfaSources;
    private readonly int _methods;
    private readonly int[] _ssprSources;
    private readonly int _updated;

    // The mapped record's names by whether objectId (bit 0) and lastUpdated (bit 1) are there.
    private readonly string[]?[] _mapped = new string[4][];

    private EntraGraphShape(string[] keys)
    {
        _keys = keys;
        _mappable = Array.TrueForAll(Written, name => Find(keys, name) < 0);
        _upn = Find(keys, "userPrincipalName");
        _id = Find(keys, "id");
        _isAdmin = Find(keys, "isAdmin");
        _userType = Find(keys, "userType");
        _mfaSources = new[] { Find(keys, "isMfaRegistered"), Find(keys, "isMfaCapable"), Find(keys, "isPasswordlessCapable"), Find(keys, "userPreferredMethodForSecondaryAuthentication") };
        _methods = Find(keys, "methodsRegistered");
        _ssprSources = new[] { Find(keys, "isSsprRegistered"), Find(keys, "isSsprEnabled"), Find(keys, "isSsprCapable") };
        _updated = Find(keys, "lastUpdatedDateTime");
    }

    /// <summary>Maps a record whose names are shared by its shape, and says whether it did (false: map it field by field).</summary>
    /// <param name="record">The Graph record.</param>
    /// <returns>True when the record was mapped.</returns>
    [MethodImpl(HotPath.Optimize)]
    public static bool TryMap(RecordMap record)
    {
        string[]? keys = record.SharedShape;
        if (keys is null)
        {
            return false;
        }

        EntraGraphShape shape = For(keys);
        if (!shape._mappable)
        {
            return false;
        }

        shape.Map(record);
        return true;
    }

    /// <summary>The value as the field-by-field mapping copies it: text that reads as a boolean becomes one.</summary>
    private static object Copied(object value) =>
        value is string text && bool.TryParse(text, out bool flag) ? (flag ? BoxedTrue : BoxedFalse) : value;

    [MethodImpl(HotPath.Optimize)]
    private static EntraGraphShape For(string[] keys)
    {
        EntraGraphShape?[] recent = _recent ??= new EntraGraphShape[RecentShapes];
        foreach (EntraGraphShape? shape in recent)
        {
            if (shape is not null && ReferenceEquals(shape._keys, keys))
            {
                return shape;
            }
        }

        var made = new EntraGraphShape(keys);
        recent[_next] = made;
        _next = (_next + 1) % RecentShapes;
        return made;
    }

    /// <summary>Where a field is, found as a record look-up finds it (case-insensitive), or -1.</summary>
    private static int Find(string[] keys, string name)
    {
        for (int i = 0; i < keys.Length; i++)
        {
            if (string.Equals(keys[i], name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    private static string[] Registered(params string[] names) => Array.ConvertAll(names, FieldNameTable.Register);

    /// <summary>The names array of a sub-map with the fields of <paramref name="mask"/>, made once per mask.</summary>
    private static string[] SubShape(string[]?[] shapes, string[] fields, int mask)
    {
        string[]? names = Volatile.Read(ref shapes[mask]);
        if (names is null)
        {
            int count = 0;
            for (int bits = mask; bits != 0; bits &= bits - 1)
            {
                count++;
            }

            names = new string[count];
            for (int i = 0, k = 0; i < fields.Length; i++)
            {
                if ((mask & (1 << i)) != 0)
                {
                    names[k++] = fields[i];
                }
            }

            Volatile.Write(ref shapes[mask], names);
        }

        return names;
    }

    private static object? At(RecordMap record, int index) => index < 0 ? null : record.ValueAt(index);

    [MethodImpl(HotPath.Optimize)]
    private void Map(RecordMap record)
    {
        object? upnValue = At(record, _upn);
        string? upn = upnValue is null ? null : Convert.ToString(upnValue, CultureInfo.InvariantCulture);
        object? idValue = At(record, _id);
        object? updatedValue = At(record, _updated);
        bool admin = ValueCoercion.TryBool(At(record, _isAdmin), out bool isAdmin) && isAdmin;
        object? userType = At(record, _userType);
        string type = admin ? "admin"
            : userType is not null && string.Equals(Convert.ToString(userType, CultureInfo.InvariantCulture), "guest", StringComparison.OrdinalIgnoreCase) ? "guest" : "user";

        // mfa: the four copied flags and preference, then the mapped methods when methodsRegistered is a list.
        var mfaValues = new object?[MfaFields.Length];
        int mfaCount = CopyPresent(record, _mfaSources, mfaValues, out int mfaMask);

        if (At(record, _methods) is RecordList registered)
        {
            mfaValues[mfaCount++] = EntraRegistrationMapping.GraphMethodList(registered);
            mfaMask |= 1 << 4;
        }

        var ssprValues = new object?[SsprFields.Length];
        int ssprCount = CopyPresent(record, _ssprSources, ssprValues, out int ssprMask);

        // The field-by-field order: objectId (when id is there), id (replaced, or added), email, type, mfa, sspr,
        // lastUpdated (when there), inventorySource.
        int mask = (idValue is not null ? 1 : 0) | (updatedValue is not null ? 2 : 0);
        string[] names = _mapped[mask] ??= MappedNames(mask);
        var values = new object?[names.Length];
        int n = _keys.Length;
        for (int i = 0; i < n; i++)
        {
            values[i] = record.ValueAt(i);
        }

        if (idValue is not null)
        {
            values[n++] = Copied(idValue);
        }

        if (_id >= 0)
        {
            values[_id] = upn;
        }
        else
        {
            values[n++] = upn;
        }

        values[n++] = upn;
        values[n++] = type;
        values[n++] = RecordMap.WithSharedKeys(SubShape(MfaShapes, MfaFields, mfaMask), Exact(mfaValues, mfaCount));
        values[n++] = RecordMap.WithSharedKeys(SubShape(SsprShapes, SsprFields, ssprMask), Exact(ssprValues, ssprCount));
        if (updatedValue is not null)
        {
            values[n++] = Copied(updatedValue);
        }

        values[n] = "EntraRegistration";
        record.Reshape(names, values);
    }

    /// <summary>Copies the fields at <paramref name="sources"/> that are there and not null, in order; a bit per copied field.</summary>
    [MethodImpl(HotPath.Optimize)]
    private static int CopyPresent(RecordMap record, int[] sources, object?[] values, out int mask)
    {
        mask = 0;
        int count = 0;
        for (int i = 0; i < sources.Length; i++)
        {
            object? value = At(record, sources[i]);
            if (value is not null)
            {
                values[count++] = Copied(value);
                mask |= 1 << i;
            }
        }

        return count;
    }

    private static object?[] Exact(object?[] values, int count)
    {
        if (count == values.Length)
        {
            return values;
        }

        var exact = new object?[count];
        Array.Copy(values, exact, count);
        return exact;
    }

    private string[] MappedNames(int mask)
    {
        int added = 5 + (mask & 1) + ((mask >> 1) & 1) + (_id < 0 ? 1 : 0);
        var names = new string[_keys.Length + added];
        Array.Copy(_keys, names, _keys.Length);
        int n = _keys.Length;
        if ((mask & 1) != 0)
        {
            names[n++] = ObjectId;
        }

        if (_id < 0)
        {
            names[n++] = Id;
        }

        names[n++] = Email;
        names[n++] = Type;
        names[n++] = Mfa;
        names[n++] = Sspr;
        if ((mask & 2) != 0)
        {
            names[n++] = LastUpdated;
        }

        names[n] = SourceName;
        return names;
    }
}
