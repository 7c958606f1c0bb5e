package org.dcwatch.job.baseline;

import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.dcwatch.udfs.event.SignInSummary;

/**
 * Flink's type information for {@link UserSignIn}: what makes the pipeline use {@link UserSignInSerializer}. The record
 * names its {@link Factory}, so {@code TypeInformation.of(UserSignIn.class)} finds it wherever it is asked.
 */
public final class UserSignInTypeInfo extends TypeInformation<UserSignIn> {

    private static final long serialVersionUID = 1L;

    /** Named by {@link UserSignIn}'s {@code @TypeInfo}. */
    public static final class Factory extends TypeInfoFactory<UserSignIn> {
        @Override
        public TypeInformation<UserSignIn> createTypeInfo(
                Type type, Map<String, TypeInformation<?>> genericParameters) {
            return new UserSignInTypeInfo();
        }
    }

    @Override
    public TypeSerializer<UserSignIn> createSerializer(SerializerConfig config) {
        return new UserSignInSerializer(TypeInformation.of(SignInSummary.class).createSerializer(config));
    }

    @Override
    public boolean isBasicType() {
        return false;
    }

    @Override
    public boolean isTupleType() {
        return false;
    }

    @Override
    public int getArity() {
        return 1;
    }

    @Override
    public int getTotalFields() {
        return 1;
    }

    @Override
    public Class<UserSignIn> getTypeClass() {
        return UserSignIn.class;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public String toString() {
        return "UserSignIn";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof UserSignInTypeInfo;
    }

    @Override
    public int hashCode() {
        return UserSignInTypeInfo.class.hashCode();
    }

    @Override
    public boolean canEqual(Object other) {
        return other instanceof UserSignInTypeInfo;
    }
}
